//! A `jeugdsim serve` for a test: started on a free port in a temporary folder holding
//! copies of the named scenarios, stopped when dropped; and plain HTTP requests to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The folder it runs in: `scenarios/` and, once it has run something, `results/web/`.
    pub dir: tempfile::TempDir,
}

impl Server {
    /// Serves copies of `scenarios` (files of the crate's `scenarios/`) with `args`.
    pub fn start(scenarios: &[&str], args: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("scenarios")).unwrap();
        for s in scenarios {
            std::fs::write(
                dir.path().join("scenarios").join(s),
                super::repo_file(&format!("scenarios/{s}")),
            )
            .unwrap();
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_jeugdsim"))
            .args(["serve", "--port", "0", "--threads", "2"])
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("jeugdsim serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, addr, dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Sends one request (the path as given, unnormalised) and returns the status and body.
    pub fn request(&self, method: &str, path: &str, body: Option<&[u8]>) -> (u16, String) {
        let mut stream = std::net::TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let body = body.unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.addr,
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        // A body beyond the limit may be refused before it is all sent.
        let _ = stream.write_all(body);
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {text:?}"));
        let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        (status, body.to_string())
    }

    pub fn get_json(&self, path: &str) -> serde_json::Value {
        let (status, body) = self.request("GET", path, None);
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// Polls run `id` until `done(status)` or `seconds` have passed.
    pub fn wait_for(
        &self,
        id: u64,
        seconds: u64,
        done: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let until = Instant::now() + Duration::from_secs(seconds);
        loop {
            let status = self.get_json(&format!("/api/runs/{id}"));
            if done(&status) {
                return status;
            }
            assert!(Instant::now() < until, "run {id} still at {status}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs the command line the page shows for a finished run, in the server's folder,
    /// and returns the folder it wrote.
    pub fn run_cli(&self, cli: &str) -> PathBuf {
        let words: Vec<&str> = cli.split_whitespace().collect();
        assert_eq!(words[0], "jeugdsim");
        let o = Command::new(env!("CARGO_BIN_EXE_jeugdsim"))
            .args(&words[1..])
            .arg("--quiet")
            .current_dir(self.dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let out = words.iter().position(|w| *w == "--out").unwrap();
        self.path(words[out + 1])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every file of folder `a` has the same bytes in folder `b`, and `b` has no other.
pub fn same_files(a: &Path, b: &Path) {
    let (a_files, b_files) = (super::folder_files(a), super::folder_files(b));
    assert_eq!(
        a_files.keys().collect::<Vec<_>>(),
        b_files.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &a_files {
        assert!(
            *bytes == b_files[name],
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}
