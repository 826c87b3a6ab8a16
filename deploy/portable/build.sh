#!/bin/sh
# Builds a jeugdsim that needs no shared library at all (glibc linked statically), so one
# file starts on any x86_64 Linux from kernel 3.2: RHEL/Rocky 7-9, old Debian and Ubuntu,
# cluster nodes whose glibc is older than the build machine's.
#
#   deploy/portable/build.sh            # writes target/portable/jeugdsim
#
# Needs only the Rust toolchain and the C library's static archives (libc.a, in Debian's
# libc6-dev, which gcc already pulls in; glibc-static on RHEL). Results are those of
# `cargo build --release`, byte for byte: the same code, linked differently.
# deploy/portable/check.sh checks that it starts with no library beside it.
set -eu
cd "$(dirname "$0")/../.."
host=$(rustc -vV | sed -n 's/^host: //p')
# PORTABLE_PROFILE picks another Cargo profile: `.ci/run` uses `ci-portable` (Cargo.toml),
# which compiles in a minute instead of three; the file to ship is the release one.
profile=${PORTABLE_PROFILE:-release}
# `--target` keeps the static flag off build scripts and procedural macros, which must
# stay dynamic.
RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
    cargo build --profile "$profile" --locked --target "$host" --target-dir target/portable-build
mkdir -p target/portable
cp "target/portable-build/$host/$profile/jeugdsim" target/portable/jeugdsim
echo "wrote target/portable/jeugdsim ($host, statically linked, profile $profile)"
