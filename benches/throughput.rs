//! Youth-months simulated per second on the default scenario, one thread and all threads,
//! and on the one-sub-segment model that benches/numpy_compare.py also implements in numpy.
//! Run: `cargo bench --bench throughput`. Figures go in BENCHMARKS.md.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jeugdsim::engine::Workspace;
use jeugdsim::run::{self as engine, RunOptions};
use std::hint::black_box;
use std::path::Path;

fn load(file: &str) -> jeugdsim::model::Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    jeugdsim::scenario::load(&path).expect("scenario loads").1
}

/// Youth-months (in care or waiting, warm-up included) that replication `rep` simulates.
fn youth_months(model: &jeugdsim::model::Model, reps: std::ops::Range<u32>) -> u64 {
    reps.map(|r| {
        engine::simulate_one(model, r)
            .flows
            .iter()
            .map(|f| f.stock_end as u64)
            .sum::<u64>()
    })
    .sum()
}

fn bench(c: &mut Criterion) {
    let model = load("scenarios/achterhoek.ron");
    let mut group = c.benchmark_group("achterhoek");
    group.sample_size(20);

    // One thread: one replication at a time in a reused workspace.
    let per_rep = youth_months(&model, 0..1);
    group.throughput(Throughput::Elements(per_rep));
    let mut ws = Workspace::new(&model, &engine::reference(&model));
    group.bench_function("one_thread_per_replication", |b| {
        b.iter(|| {
            jeugdsim::engine::simulate(&model, black_box(0), &mut ws);
            black_box(ws.tally().counters.care_cents)
        })
    });

    // All threads: the full `run` path (rayon, statistics) over 64 replications.
    let reps = 64;
    let mut m = model.clone();
    m.replications = reps;
    group.throughput(Throughput::Elements(youth_months(&m, 0..reps)));
    let opts = RunOptions::default();
    group.bench_function("all_threads_run_64_replications", |b| {
        b.iter(|| black_box(engine::run(&m, &opts).unwrap().simulated_youth_months))
    });
    group.finish();

    // One sub-segment, no capacity limit: the cost of a youth's events alone.
    let model = load("benches/one-sub-segment.ron");
    let mut group = c.benchmark_group("one_sub_segment");
    group.sample_size(20);
    group.throughput(Throughput::Elements(youth_months(&model, 0..1)));
    let mut ws = Workspace::new(&model, &engine::reference(&model));
    group.bench_function("one_thread_per_replication", |b| {
        b.iter(|| {
            jeugdsim::engine::simulate(&model, black_box(0), &mut ws);
            black_box(ws.tally().counters.care_cents)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
