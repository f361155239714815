#!/usr/bin/env python3
"""PyTorch's nn.LSTM / nn.GRU / nn.RNN trained as a char-level LM shaped like bptt-lab's, for tokens/s.

The model is the literal one of a bptt-lab cell with one-hot inputs: the inputs are one-hot float
vectors of width V fed to nn.LSTM(input_size=V) (nn.GRU, or nn.RNN with tanh for the Elman RNN), so
the input weights W_ih are 4H x V (3H x V, H x V) exactly as a one-hot input layer (an embedding
table of V rows) would be; then nn.Linear(H, V) and the mean cross entropy over the B*T predictions;
Adam (lr 1e-3; fused, PyTorch's fastest CPU Adam) or plain SGD. Training is stream mode as in
`bptt-lab train`: the token stream is cut into B contiguous streams, each update takes the next
window of T steps of every stream and back-propagates through the whole window (full BPTT inside it),
and the state is carried to the next window detached (truncated between windows); at the end of the
streams they start again from zero state.

Data: a uniform random token stream of --tokens tokens over --vocab symbols (fixed --seed), or the
characters of --text FILE (V is then the number of distinct characters and --vocab is ignored).

Timing: --warmup untimed updates, then updates until --seconds of wall clock have passed (or exactly
--updates updates); tokens/s = B * T * timed updates / their wall-clock seconds, the same count as
bptt-lab bench's table 2. --repeats runs that many timed runs in one process (the model keeps
training) and reports the best. --mode eager (the ATen RNN kernels), nomkldnn (eager with oneDNN
disabled) or compile (torch.compile of the model and loss; needs a C++ compiler; the nn.LSTM/GRU/RNN
itself is a graph break and runs on the same ATen kernel as eager: tracing through it with
torch._dynamo.config.allow_rnn = True compiled for over 4 minutes and trained at 0.6x eager).

Prints one line per timed run on stderr and, on stdout, one JSON line:
{"torch": version, "cell":..., "mode":..., "threads":..., "B":.., "H":.., "V":.., "T":..,
 "runs": [tokens/s, ...], "best_tokens_per_s":.., "loss":..}
Exits non-zero with a message on stderr when torch is missing.
"""
import argparse
import json
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    sys.stderr.write("torch is not installed (python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch "
                     "--index-url https://download.pytorch.org/whl/cpu)\n")
    sys.exit(2)


class LanguageModel(torch.nn.Module):
    """One-hot input -> cell -> linear output over the vocabulary."""

    def __init__(self, cell, vocab, hidden):
        super().__init__()
        self.vocab = vocab
        if cell == "lstm":
            self.rnn = torch.nn.LSTM(input_size=vocab, hidden_size=hidden, batch_first=True)
        elif cell == "gru":
            self.rnn = torch.nn.GRU(input_size=vocab, hidden_size=hidden, batch_first=True)
        else:
            self.rnn = torch.nn.RNN(input_size=vocab, hidden_size=hidden, nonlinearity="tanh", batch_first=True)
        self.out = torch.nn.Linear(hidden, vocab)

    def forward(self, inputs, targets, state):
        x = F.one_hot(inputs, self.vocab).to(torch.float32)  # B x T x V
        hidden, state = self.rnn(x, state)
        logits = self.out(hidden)  # B x T x V
        loss = F.cross_entropy(logits.reshape(-1, self.vocab), targets.reshape(-1))
        return loss, state


def token_stream(args):
    """The tokens (int64) and V: random uniform tokens, or the characters of --text."""
    if args.text:
        with open(args.text, encoding="utf-8", errors="replace") as f:
            text = f.read()
        symbols = sorted(set(text))
        index = {s: i for i, s in enumerate(symbols)}
        return torch.tensor([index[ch] for ch in text], dtype=torch.int64), len(symbols)
    generator = torch.Generator().manual_seed(args.seed)
    return torch.randint(0, args.vocab, (args.tokens,), generator=generator, dtype=torch.int64), args.vocab


def detached(state):
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cell", choices=["lstm", "gru", "rnn"], default="lstm", help="rnn = nn.RNN with tanh (Elman)")
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads / set_num_interop_threads "
                        "(default: torch's own choice)")
    parser.add_argument("--hidden", type=int, default=256, help="H")
    parser.add_argument("--batch", type=int, default=32, help="B, the parallel streams")
    parser.add_argument("--steps", type=int, default=50, help="T, the BPTT window")
    parser.add_argument("--vocab", type=int, default=64, help="V of the random stream")
    parser.add_argument("--text", help="train on the characters of this file instead of random tokens")
    parser.add_argument("--tokens", type=int, default=1 << 20, help="length of the random stream")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
    parser.add_argument("--lr", type=float, default=None, help="default 1e-3 for Adam, 0.1 for SGD")
    parser.add_argument("--clip", type=float, default=0.0, help="clip the gradient's global norm (0: off)")
    parser.add_argument("--mode", choices=["eager", "nomkldnn", "compile"], default="eager")
    parser.add_argument("--seconds", type=float, default=10.0, help="wall-clock seconds per timed run")
    parser.add_argument("--updates", type=int, default=0, help="timed updates per run instead of --seconds")
    parser.add_argument("--warmup", type=int, default=20, help="untimed updates before timing")
    parser.add_argument("--repeats", type=int, default=1, help="timed runs; the best is reported")
    args = parser.parse_args()

    if args.threads > 0:
        torch.set_num_threads(args.threads)
        torch.set_num_interop_threads(args.threads)
    if args.mode == "nomkldnn":
        torch.backends.mkldnn.enabled = False
    torch.manual_seed(args.seed)

    data, V = token_stream(args)
    B, T, H = args.batch, args.steps, args.hidden
    length = data.numel() // B
    if length < T + 1:
        sys.exit(f"the stream has {data.numel()} tokens: too short for {B} streams of windows of {T} steps")
    streams = data[:B * length].view(B, length)

    model = LanguageModel(args.cell, V, H)
    if args.optimizer == "adam":
        lr = 1e-3 if args.lr is None else args.lr
        try:
            optimizer = torch.optim.Adam(model.parameters(), lr=lr, fused=True)
        except (RuntimeError, TypeError):  # fused Adam is not in older CPU builds
            optimizer = torch.optim.Adam(model.parameters(), lr=lr, foreach=True)
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1 if args.lr is None else args.lr)

    def update(inputs, targets, state):
        loss, state = model(inputs, targets, state)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if args.clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimizer.step()
        return loss, state

    if args.mode == "compile":
        model = torch.compile(model)  # one-hot, output layer and loss fused; the cell stays the ATen kernel

    position = 0
    state = None
    last_loss = float("nan")

    def run(count=None, seconds=None):
        nonlocal position, state, last_loss
        done = 0
        start = time.perf_counter()
        while True:
            if count is not None and done >= count:
                break
            if seconds is not None and done > 0 and time.perf_counter() - start >= seconds:
                break
            if position + T + 1 > length:
                position, state = 0, None
            inputs = streams[:, position:position + T]
            targets = streams[:, position + 1:position + T + 1]
            loss, state = update(inputs, targets, state)
            state = detached(state)
            position += T
            done += 1
        last_loss = float(loss.detach()) if done > 0 else last_loss
        return done, time.perf_counter() - start

    run(count=args.warmup)
    rates = []
    for r in range(args.repeats):
        done, seconds = run(count=args.updates) if args.updates > 0 else run(seconds=args.seconds)
        rates.append(B * T * done / seconds)
        sys.stderr.write(f"{args.cell} {args.mode} threads={torch.get_num_threads()} run {r + 1}: {done} updates "
                         f"in {seconds:.2f} s, {rates[-1]:.0f} tokens/s, loss {last_loss:.4f}\n")
    json.dump({"torch": torch.__version__, "cell": args.cell, "mode": args.mode, "threads": torch.get_num_threads(),
               "optimizer": args.optimizer, "B": B, "H": H, "V": V, "T": T,
               "runs": [round(r, 1) for r in rates], "best_tokens_per_s": round(max(rates), 1),
               "loss": round(last_loss, 4)}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
