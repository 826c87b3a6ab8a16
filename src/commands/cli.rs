//! The command line as clap reads it: every command, its arguments and the flags the
//! simulating commands share. `main.rs` parses these and hands them to
//! [`super::execute`].

use crate::report::{CsvStyle, lang::Lang};
use crate::run::RunOptions;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;

/// The `--format` help of a command without a workbook.
const NO_XLSX: &str = "Formats to write besides JSON and CSV (always written): html (report.html); xlsx is for run and compare";

#[derive(Parser)]
#[command(
    name = "jeugdsim",
    version,
    about = "Monte Carlo simulation of a youth care region under its procurement model"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Simulate a scenario and write summary.json, summary.csv, monthly.csv, activations.csv,
    /// municipalities.csv, providers.csv and the council's tables (council.csv,
    /// council_municipalities.csv).
    Run {
        /// Scenario file (.ron).
        file: PathBuf,
        /// Probabilistic sensitivity analysis: each replication draws every `uncertain`
        /// parameter between its low and high value, so the bands include parameter
        /// uncertainty.
        #[arg(long)]
        psa: bool,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Open the levers and the answer in a browser: a local web application to pick a
    /// scenario, change its levers into variants, run and compare them, and download the
    /// scenario file and the workbook (docs/serve.md).
    Serve(ServeArgs),
    /// Write report.html, a self-contained page with charts, for the results of a run.
    Report {
        /// A folder written by `jeugdsim run`, `compare`, `sweep`, `sensitivity` or
        /// `optimise` (either CSV style).
        dir: PathBuf,
        /// Language of the page.
        #[arg(long, value_enum, default_value_t = Lang::En)]
        lang: Lang,
    },
    /// Run a scenario's variants (or two scenario files) on the same children and report
    /// paired differences from the first.
    Compare {
        /// One scenario with `variants`, or two scenario files.
        #[arg(num_args = 1..=2, required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Run a scenario for each value of a numeric field (e.g. a provider count), on the same
    /// children, and report the smallest value that meets a target.
    // These write no workbook: their help does not offer one.
    #[command(mut_arg("xlsx", |a| a.hide(true)), mut_arg("formats", |a| a.help(NO_XLSX)))]
    Sweep {
        /// Scenario file (.ron); its `sweep` block gives defaults for --set and --target.
        file: PathBuf,
        /// PATH=A..B or PATH=A..B:STEP, e.g.
        /// "segments[IAJ].sub_segments[behandeling].providers.count=12..20".
        #[arg(long)]
        set: Option<String>,
        /// E.g. "mean_wait_months<=1.0": met when 95% of replications meet it.
        #[arg(long)]
        target: Option<String>,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Run each `uncertain` parameter at its low and high value on the same children and
    /// rank the parameters by their effect on a metric (a tornado).
    // These write no workbook: their help does not offer one.
    #[command(mut_arg("xlsx", |a| a.hide(true)), mut_arg("formats", |a| a.help(NO_XLSX)))]
    Sensitivity {
        /// Scenario file (.ron) with an `uncertain` block.
        file: PathBuf,
        /// The metric to rank by.
        #[arg(long, default_value = "total_cost")]
        metric: String,
        /// Rank by the verdict instead: the metric in this variant minus the baseline (the
        /// first variant), e.g. `--variant lumpsum`.
        #[arg(long)]
        variant: Option<String>,
        /// Run every parameter at every replication. Without it each parameter stops at the
        /// first checkpoint (every 50 replications from 100) where its order against its
        /// neighbours in the ranking is settled (paired, on the same children).
        #[arg(long)]
        full: bool,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Find the smallest number of providers for every sub-segment with a min/max such that
    /// every target holds (bisection and greedy steps on common random numbers).
    // These write no workbook: their help does not offer one.
    #[command(mut_arg("xlsx", |a| a.hide(true)), mut_arg("formats", |a| a.help(NO_XLSX)))]
    Optimise {
        /// Scenario file (.ron) with `market: (min, max)` in some sub-segments.
        file: PathBuf,
        /// E.g. "mean_wait_months<=1.5"; repeat for several targets, which must all hold
        /// together. A family stands for every sub-segment: "p90_wait_months_sub_[*]<=norm"
        /// (`norm`: each sub-segment's waiting_norm_months).
        #[arg(long, required = true)]
        target: Vec<String>,
        /// Share of replications in which each target must hold.
        #[arg(long, default_value_t = 0.95)]
        quantile: f64,
        /// Size the market of this variant of the scenario (e.g. one under lumpsum)
        /// instead of the scenario as written.
        #[arg(long)]
        variant: Option<String>,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Write a commented starter scenario NAME.ron that validates and runs; with --from,
    /// a scenario fitted to a region's data (docs/data.md).
    Init {
        /// Scenario name; the file is NAME.ron in the current folder (or --dir).
        name: String,
        /// Folder to write it in.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
        /// The region's data: a folder of CSV files or an .xlsx workbook, as `jeugdsim
        /// template` writes them. Referral rates, hazards, use, tariffs, contracts and the
        /// base date's stock are fitted from it.
        #[arg(long, value_name = "DATA")]
        from: Option<PathBuf>,
    },
    /// Write an empty input workbook (regio.xlsx) and the same tables as CSV files into
    /// DIR, each column explained in Dutch and English (docs/data.md).
    Template {
        /// Folder to write into (created when absent; existing files are never overwritten).
        dir: PathBuf,
    },
    /// Simulate the base year from the base date's stock and compare it, per municipality
    /// and segment, with what the region's data recorded: spend, youths in care, starts,
    /// stops, waiting. Exits with 3 when a municipality's spend is beyond the tolerance.
    Backcast {
        /// Scenario file (.ron), e.g. one written by `init --from`.
        file: PathBuf,
        /// The region's data: a folder of CSV files or an .xlsx workbook.
        #[arg(long, value_name = "DATA")]
        data: PathBuf,
        /// Largest relative difference in a municipality's spend that passes.
        #[arg(long, default_value_t = 0.05)]
        tolerance: f64,
        #[command(flatten)]
        args: RunArgs,
    },
    /// List every metric with its unit and meaning; with a scenario, exactly the names its
    /// runs write (per segment and sub-segment).
    Metrics {
        /// Scenario file (.ron), optional.
        file: Option<PathBuf>,
    },
    /// List the settable paths of a scenario with their current values: what `variants`,
    /// `sweep --set` and `uncertain` can name.
    Paths {
        /// Scenario file (.ron).
        file: PathBuf,
    },
    /// Join the shard folders of one `run`, `compare`, `sweep` or `sensitivity` (written
    /// with --shard K/N, in any order) into exactly the files the unsharded command writes.
    Merge {
        /// The shard folders, all N of them.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder (default: the command's own, e.g. results/<scenario name>/).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Shard folders on a cluster: `jeugdsim shards status WORKDIR` says which shards are
    /// done, in progress, damaged or missing, and how to rerun what is not done.
    Shards {
        #[command(subcommand)]
        action: ShardsAction,
    },
    /// Check a scenario and list every problem with its line and column.
    Validate {
        /// Scenario file (.ron).
        file: PathBuf,
        /// Treat warnings (values allowed but probably not meant) as errors.
        #[arg(long)]
        strict: bool,
    },
}

/// What `jeugdsim shards` does.
#[derive(Subcommand)]
pub enum ShardsAction {
    /// List the shards of the runs in the folders (each a shard folder, or a folder of
    /// them such as deploy/slurm's WORKDIR): done, in progress with the replications
    /// written, damaged (and why) or missing, with the commands that rerun what is not
    /// done. Exits with 3 while any shard is not done.
    Status {
        /// A work folder holding shard folders, or shard folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Print only `N: K,K,...`, the number of shards and those to rerun (missing,
        /// damaged or left in progress), for scripts such as deploy/slurm/submit.sh.
        #[arg(long)]
        missing: bool,
    },
}

/// Flags shared by the commands that simulate.
#[derive(clap::Args)]
pub struct RunArgs {
    /// Number of replications (overrides the scenario).
    #[arg(long)]
    pub replications: Option<u32>,
    /// Random seed (overrides the scenario).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores); results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output folder (default: results/<scenario name>/, or results/<name>-compare/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress bar and no table.
    #[arg(long)]
    pub quiet: bool,
    /// Also write report.html, a self-contained page with charts, in the output folder: the
    /// same as `--format html`.
    #[arg(long)]
    pub report: bool,
    /// CSV for scripts (plain) or for Dutch Excel (nl: semicolons, decimal comma, BOM).
    #[arg(long, value_enum, default_value_t = CsvStyle::Plain)]
    pub csv_style: CsvStyle,
    /// Language of the console tables, report.html and the Excel workbook (CSV and JSON
    /// keep their English names for scripts).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Also write results.xlsx, an Excel workbook with labelled, formatted sheets (run and
    /// compare): the same as `--format xlsx`.
    #[arg(long)]
    pub xlsx: bool,
    /// Formats to write besides JSON and CSV (always written): xlsx (results.xlsx), html
    /// (report.html); comma-separated or repeated.
    #[arg(
        long = "format",
        value_enum,
        value_delimiter = ',',
        value_name = "FORMAT"
    )]
    pub formats: Vec<crate::report::format::Format>,
    /// Leave out the scenario's world drivers (demand trend, indexation, trajectory length
    /// drawn per replication): chance only.
    #[arg(long)]
    pub chance_only: bool,
    /// Treat warnings (values allowed but probably not meant) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Run even when the estimated work (replications × youth-months) is above the limit.
    #[arg(long)]
    pub allow_long_run: bool,
    /// Simulate only shard K of N (a contiguous range of the replications) and write its
    /// replications to a shard folder; `jeugdsim merge` joins the N folders into the
    /// results of the whole run (run, compare, sweep and sensitivity; see
    /// docs/scale-out.md).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Extend a finished sharded run of F replications: simulate only replications F up
    /// to --replications, as a shard folder (or --shard K/N of them) that `jeugdsim merge`
    /// joins with the run's shards into one run of --replications, byte for byte.
    #[arg(long, value_name = "F")]
    pub extend_from: Option<u32>,
}

impl RunArgs {
    /// The run options these flags ask for.
    pub fn options(&self) -> RunOptions {
        RunOptions {
            replications: self.replications,
            seed: self.seed,
            threads: self.threads,
            progress: !self.quiet && std::io::stderr().is_terminal(),
            chance_only: self.chance_only,
            allow_long_run: self.allow_long_run,
            // A shard in a batch job has no terminal: a line per chunk instead of a bar.
            progress_log: self.shard.is_some() && !self.quiet && !std::io::stderr().is_terminal(),
            watch: None,
        }
    }

    /// What to write, and where: `--out`, or `default`.
    pub fn output<'a>(&'a self, default: &'a std::path::Path) -> super::Output<'a> {
        use crate::report::format::Format;
        let asked = |f: Format| self.formats.contains(&f);
        super::Output {
            dir: self.out.as_deref().unwrap_or(default),
            csv_style: self.csv_style,
            lang: self.lang,
            formats: super::Output::formats(
                self.xlsx || asked(Format::Xlsx),
                self.report || asked(Format::Html),
            ),
        }
    }
}

/// `jeugdsim serve`'s arguments.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Scenario files, or folders of them, to offer (default: the folder `scenarios`).
    pub scenarios: Vec<PathBuf>,
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8480)]
    pub port: u16,
    /// Address to listen on. The default answers this computer only; another address
    /// (e.g. 0.0.0.0) opens the tool to the network, without a password.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Where runs are saved: each as `<results>/web/<scenario>-<n>.ron` and its results
    /// folder beside it.
    #[arg(long, default_value = "results")]
    pub results: PathBuf,
    /// Runs that may wait while one runs; more are refused until one has finished.
    #[arg(long, default_value_t = 4)]
    pub queue: usize,
    /// Worker threads per run (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Language the page opens in (it can be switched on the page).
    #[arg(long, value_enum, default_value_t = Lang::Nl)]
    pub lang: Lang,
}

/// A value's name on the command line (`nl`, `plain`): how a shard records its options.
pub fn value_name(v: &impl clap::ValueEnum) -> String {
    v.to_possible_value()
        .map_or(String::new(), |p| p.get_name().to_string())
}
