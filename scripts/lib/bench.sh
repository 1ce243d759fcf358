# shellcheck shell=bash
# The payouts binary a benchmark script times: PAYOUTS_BENCH_BIN when set (scripts/check-benchmarks
# passes the test suite's debug build), otherwise a release build made now (its output on
# standard error, so that standard output stays the benchmark's).
bench_payouts_binary() {
  if [ -n "${PAYOUTS_BENCH_BIN:-}" ]; then
    echo "$PAYOUTS_BENCH_BIN"
  else
    swift build -c release --product payouts >&2 || return 1
    echo "$PWD/.build/release/payouts"
  fi
}
