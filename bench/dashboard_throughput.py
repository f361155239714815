#!/usr/bin/env python3
"""Training throughput with the dashboard open versus headless `bptt-lab train`, on the same config.

Alternates headless training and the dashboard (in a detached tmux session) for --rounds rounds of
--seconds each, so slow phases of a shared machine hit both alike, and compares the medians of the
updates per second taken from each run's own metrics file (the same computation for both:
(last step - first step) / (last time - first time) over the "interval" records after a warm-up).
Also reports the CPU time of the dashboard's main (UI) thread as a share of one core, read from
/proc/PID/task/PID/stat. Needs tmux. Example:

    python3 bench/dashboard_throughput.py --binary .build/release/bptt-lab --seconds 15 --rounds 3

With --compare A.cfg B.cfg it measures two runs side by side instead: each round opens the
dashboard on A alone, on B alone, and on both (`bptt-lab --compare A.cfg B.cfg`), and reports each
run's updates/s beside the other as a share of its solo rate (issue 22 asks for >= 85%).
"""
import argparse, json, os, shutil, signal, statistics, subprocess, sys, tempfile, time

def rate(path, warmup):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    rows = [r for r in rows if r.get("type") == "interval" and r["seconds"] >= warmup]
    if len(rows) < 2:
        raise SystemExit(f"{path}: too few interval records after {warmup}s warm-up")
    a, b = rows[0], rows[-1]
    return (b["step"] - a["step"]) / (b["seconds"] - a["seconds"])

def cpu_seconds(pid, tid):
    fields = open(f"/proc/{pid}/task/{tid}/stat").read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=".build/release/bptt-lab")
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--warmup", type=float, default=3)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--size", default="120x40")
    p.add_argument("--compare", nargs=2, metavar=("A.cfg", "B.cfg"), help="measure two runs side by side against each alone")
    p.add_argument("args", nargs="*", help="config arguments passed to both, e.g. --config configs/char-text.cfg")
    o = p.parse_args()
    if not shutil.which("tmux"):
        raise SystemExit("tmux is needed (apt-get install tmux)")
    binary = os.path.abspath(o.binary)
    work = tempfile.mkdtemp(prefix="bptt-throughput-")
    common = ["--run_dir", work, "--metrics_every", "20"] + o.args

    def headless_round(i):
        metrics = os.path.join(work, f"headless-{i}.jsonl")
        proc = subprocess.Popen([binary, "train", "--quiet", "--metrics", metrics] + common, stdout=subprocess.DEVNULL)
        time.sleep(o.seconds)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        return rate(metrics, o.warmup)

    def dashboard_round(i, extra=(), name="dashboard"):
        metrics = os.path.join(work, f"{name}-{i}.jsonl")
        socket = os.path.join(work, f"tmux-{name}-{i}.sock")
        width, height = o.size.split("x")
        pidfile = os.path.join(work, f"pid-{name}-{i}")
        command = " ".join([f"echo $$ > {pidfile};", "exec", binary, "--metrics", metrics] + list(extra) + common)
        env = dict(os.environ, TERM="tmux-256color")
        env.pop("NO_COLOR", None)
        subprocess.run(["tmux", "-S", socket, "new-session", "-d", "-x", width, "-y", height, "sh", "-c", command],
                       check=True, env=env)
        try:
            deadline = time.time() + 20
            while not os.path.exists(pidfile) or not open(pidfile).read().strip():
                if time.time() > deadline: raise SystemExit("the dashboard did not start")
                time.sleep(0.1)
            pid = int(open(pidfile).read())
            time.sleep(o.warmup)
            cpu0, t0 = cpu_seconds(pid, pid), time.time()
            time.sleep(max(1.0, o.seconds - o.warmup))
            ui_share = (cpu_seconds(pid, pid) - cpu0) / (time.time() - t0)
            subprocess.run(["tmux", "-S", socket, "send-keys", "q"], check=True)
            for _ in range(200):
                if not os.path.exists(f"/proc/{pid}"): break
                time.sleep(0.1)
        finally:
            subprocess.run(["tmux", "-S", socket, "kill-server"], stderr=subprocess.DEVNULL)
        if name == "both":  # run B's metrics go beside A's (bptt-lab --metrics FILE: FILE-B)
            return rate(metrics, o.warmup), rate(metrics[:-len(".jsonl")] + "-B.jsonl", o.warmup)
        return rate(metrics, o.warmup), ui_share

    if o.compare:
        a_cfg, b_cfg = o.compare
        solo_a, solo_b, both_a, both_b = [], [], [], []
        for i in range(o.rounds):
            solo_a.append(dashboard_round(i, ["--config", a_cfg], "solo-a")[0])
            solo_b.append(dashboard_round(i, ["--config", b_cfg], "solo-b")[0])
            a, b = dashboard_round(i, ["--compare", a_cfg, b_cfg], "both")
            both_a.append(a)
            both_b.append(b)
        m = statistics.median
        print(f"A = {a_cfg}, B = {b_cfg}; {o.rounds} alternating rounds of {o.seconds:.0f} s")
        for name, solo, both in [("A", solo_a, both_a), ("B", solo_b, both_b)]:
            print(f"{name}: alone {m(solo):9.1f} updates/s, beside the other {m(both):9.1f} "
                  f"({100 * m(both) / m(solo):.1f}% of alone; rounds: {', '.join(f'{r:.0f}' for r in both)})")
        shutil.rmtree(work, ignore_errors=True)
        return

    headless_rates, dashboard_rates, ui_shares = [], [], []
    for i in range(o.rounds):
        headless_rates.append(headless_round(i))
        d, u = dashboard_round(i)
        dashboard_rates.append(d)
        ui_shares.append(u)
    headless = statistics.median(headless_rates)
    dashboard = statistics.median(dashboard_rates)
    ui_share = statistics.median(ui_shares)

    print(f"config: {' '.join(o.args) or '(built-in default)'}; {o.rounds} alternating rounds of {o.seconds:.0f} s")
    print(f"headless  train: {headless:9.1f} updates/s (median; rounds: {', '.join(f'{r:.0f}' for r in headless_rates)})")
    print(f"dashboard open : {dashboard:9.1f} updates/s (median; rounds: {', '.join(f'{r:.0f}' for r in dashboard_rates)})")
    print(f"ratio: {100 * dashboard / headless:.1f}% of headless")
    print(f"dashboard UI thread: {100 * ui_share:.1f}% of one core")
    shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
