# The summary line of one workload of tools/bench. Input: one line per
# run, "SIDE REP WALL_MS CPU_MS MAX_KIB DAEMON_KIB", SIDE c (C), r (Rust)
# or s (Rust with conf-syncdir on), the sides of one REP run one after the
# other. Variables: w (the workload's name), bad (the sides that failed),
# short=1 for the short runs (wall time and memory only).
# Prints medians of wall and CPU time, the median and range of the paired
# ratios Rust/C of the same REP, fastest/fastest, and the largest memory.
function median(a, n,    i, j, t) {
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  if (n == 0) return 0
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function fmt(x) { return x == "" ? "-" : sprintf("%.2f", x) }
{
  side = $1; rep = $2
  wall[side, rep] = $3; cpu[side, rep] = $4
  if ($5 > kib[side]) kib[side] = $5
  if ($6 > dkib[side]) dkib[side] = $6
  if (!(side in best) || $3 < best[side]) best[side] = $3
  reps[rep] = 1; sides[side] = 1
}
END {
  for (s in sides) {
    n = 0; delete a; delete b
    for (k in reps) { n++; a[n] = wall[s, k]; b[n] = cpu[s, k] }
    mwall[s] = median(a, n); mcpu[s] = median(b, n)
    if (s == "c") continue
    n = 0; delete a
    for (k in reps) if (wall["c", k] > 0) { n++; a[n] = wall[s, k] / wall["c", k] }
    if (n) { pr[s] = median(a, n); lo[s] = a[1]; hi[s] = a[n] }
  }
  cpur = mcpu["c"] > 0 ? mcpu["r"] / mcpu["c"] : ""
  kibr = kib["c"] > 0 ? kib["r"] / kib["c"] : ""
  dr = dkib["c"] > 0 ? dkib["r"] / dkib["c"] : ""
  if (short) {
    printf "%-12s %8d %8d %5s %9s %5s | %6d %6d %5s\n", w, mwall["c"], mwall["r"], fmt(pr["r"]),
      fmt(lo["r"]) "-" fmt(hi["r"]), fmt(best["c"] > 0 ? best["r"] / best["c"] : ""), kib["c"], kib["r"], fmt(kibr)
    exit
  }
  printf "%-10s %6d %6d %5s %9s %5s %6s %5s | %6d %6d %5s | %6d %6d %5s | %6s %6s %5s%s\n", w,
    mwall["c"], mwall["r"], fmt(pr["r"]), fmt(lo["r"]) "-" fmt(hi["r"]),
    fmt(best["c"] > 0 ? best["r"] / best["c"] : ""),
    ("s" in sides) ? sprintf("%d", mwall["s"]) : "-", fmt(pr["s"]),
    mcpu["c"], mcpu["r"], fmt(cpur), kib["c"], kib["r"], fmt(kibr),
    dkib["c"] ? dkib["c"] : "-", dkib["r"] ? dkib["r"] : "-", fmt(dr),
    (bad != "" ? "  FAILED:" bad : "")
}
