"""PyTorch side of the Java-versus-PyTorch comparison: the paper's centered muP MLP, trained "the PyTorch way".

The model (arXiv 2410.04642, centered, muP), depth L = number of weight layers, input d = 784, hidden width N,
K = 10 outputs, examples are rows:

    z_l = h_{l-1} V_l + c_l,  h_l = relu(z_l)   for l = 1 .. L-1,  h_0 = x,
    V_l ~ N(0, 1/fan_in_l), c_l = 0 at init,
    u = h_{L-1} V_L + c_L,  V_L ~ N(0, 1), c_L = 0 at init,
    f = (u - u0) / (N * gamma0),

where u0 is the same readout computed, under torch.no_grad(), by a frozen copy of the initial parameters, so that
f = 0 at init. Losses, with one-hot y and batch size B:

    mse:  sum((f - y)^2) / (B * K)           (torch.nn.functional.mse_loss, mean over batch and outputs)
    xent: -sum(y * log_softmax(f)) / B       (torch.nn.functional.cross_entropy on class indices)

Training is plain SGD (torch.optim.SGD, no momentum, no weight decay) with one parameter group per layer: hidden
layer l (weight and bias) lr = N * eta0 / fan_in_l, readout (weight and bias) lr = N * eta0. Every step reads
loss.item(), as the Java trainer reads each step's score.

Modes (run with --help for the options):

    serve-steps  builds the model and one fixed random batch (x uniform in [0, 1), one-hot y), warms up, prints
                 "ready torch=<version> threads=<n> blas=<library>:<threads>", then for each stdin line holding an
                 integer T runs T steps and prints their wall time in seconds; "quit" or end of input exits.
    replay       retrains every row of a results.csv of the Java sweep on Fashion-MNIST for the row's steps_run
                 steps (or every --shards-th row from --shard on, so that several processes share the table),
                 evaluates rows with status OK on the test set, and prints one JSON line
                 {"trials", "steps", "seconds", "torch", "threads"}; seconds covers building, training and
                 evaluating the models, not loading the data.

Errors go to stderr with exit code 2. Only the standard library, numpy and torch are used. OpenBLAS and OpenMP read
their thread counts when torch is imported, so --threads is exported as OMP_NUM_THREADS and OPENBLAS_NUM_THREADS
before the import.
"""

import argparse
import copy
import csv
import ctypes
import gzip
import json
import os
import re
import sys
import time

INPUT_SIZE = 784
CLASSES = 10
WARM_UP_STEPS = 20
IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049
RESULTS_COLUMNS = ("depth", "width", "gamma0", "eta0", "seed", "batch", "loss", "precision", "status", "steps_run")
IDX_FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


def _threads_from_argv(argv):
    """The value of --threads in argv as a string, "1" when absent; argparse validates it later."""
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--threads="):
            return arg.split("=", 1)[1]
    return "1"


if __name__ == "__main__":
    for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[_variable] = _threads_from_argv(sys.argv[1:])

import numpy as np  # noqa: E402  (after the thread variables)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402


class BenchError(Exception):
    """A problem with the input (a file, a row, a value); its message says what to fix."""


class ReadoutNet(nn.Module):
    """The uncentered network x -> u: L-1 relu layers of width N, then a linear readout to K outputs."""

    def __init__(self, depth, width, dtype):
        super().__init__()
        fan_ins = [INPUT_SIZE] + [width] * (depth - 1)
        self.hidden = nn.ModuleList(nn.Linear(fan_ins[i], width, dtype=dtype) for i in range(depth - 1))
        self.readout = nn.Linear(fan_ins[-1], CLASSES, dtype=dtype)

        with torch.no_grad():
            for layer in self.hidden:
                nn.init.normal_(layer.weight, 0.0, layer.in_features ** -0.5)
                nn.init.zeros_(layer.bias)
            nn.init.normal_(self.readout.weight, 0.0, 1.0)
            nn.init.zeros_(self.readout.bias)

    def forward(self, x):
        h = x
        for layer in self.hidden:
            h = torch.relu(layer(h))
        return self.readout(h)


class CenteredMlp(nn.Module):
    """f = (u(x) - u0(x)) / (N * gamma0), u0 from a frozen copy of the initial network (no gradient)."""

    def __init__(self, depth, width, gamma0, dtype):
        super().__init__()
        self.net = ReadoutNet(depth, width, dtype)
        self.initial = copy.deepcopy(self.net).requires_grad_(False)
        self.width = width
        self.gamma0 = gamma0

    def forward(self, x):
        u = self.net(x)
        with torch.no_grad():
            u0 = self.initial(x)
        return (u - u0) / (self.width * self.gamma0)

    def optimizer(self, eta0):
        """Plain SGD, lr = N * eta0 / fan_in for each hidden layer and N * eta0 for the readout."""
        groups = [{"params": list(layer.parameters()), "lr": self.width * eta0 / layer.in_features}
                  for layer in self.net.hidden]
        groups.append({"params": list(self.net.readout.parameters()), "lr": self.width * eta0})
        return torch.optim.SGD(groups, lr=self.width * eta0, momentum=0.0, weight_decay=0.0)


def build(depth, width, gamma0, eta0, dtype, seed):
    """A fresh seeded model and its optimizer."""
    torch.manual_seed(seed % 2 ** 64)
    model = CenteredMlp(depth, width, gamma0, dtype)
    return model, model.optimizer(eta0)


def loss_of(kind, f, labels, one_hot):
    """The loss of outputs f against integer labels (xent) or one-hot targets (mse), see the module docstring."""
    if kind == "mse":
        return F.mse_loss(f, one_hot)
    return F.cross_entropy(f, labels)


def sgd_step(model, optimizer, kind, x, labels, one_hot):
    """One SGD step on a batch; returns the loss before the update as a Python float."""
    optimizer.zero_grad(set_to_none=True)
    loss = loss_of(kind, model(x), labels, one_hot)
    loss.backward()
    optimizer.step()
    return loss.item()


def dtype_of(name):
    """The torch dtype of a --dtype value or of a results.csv precision."""
    return {"float32": torch.float32, "float64": torch.float64, "float": torch.float32,
            "double": torch.float64}[name]


def blas_description():
    """'<library>:<threads>' of the BLAS this process loaded, e.g. 'openblas-pthread:1' or 'reference:1'."""
    with open("/proc/self/maps", encoding="utf-8") as maps:
        paths = sorted({line.split()[-1] for line in maps if re.search(r"/lib[^/]*blas[^/]*\.so", line)})
    for path in paths:
        if "openblas" in path:
            threads = ctypes.CDLL(path).openblas_get_num_threads()
            return f"{os.path.basename(os.path.dirname(path))}:{threads}"
    if any("/blas/" in path for path in paths):
        print("torch_bench: warning: torch uses the reference BLAS, about 20x slower than OpenBLAS; "
              "install it with: sudo apt-get install libopenblas0-pthread", file=sys.stderr, flush=True)
        return "reference:1"
    return "unknown:?"


def serve_steps(args):
    """Answers 'T' lines on stdin with the seconds T SGD steps on one fixed batch take."""
    dtype = dtype_of(args.dtype)
    model, optimizer = build(args.depth, args.width, args.gamma0, args.eta0, dtype, args.seed)

    generator = torch.Generator().manual_seed(args.seed % 2 ** 64)
    x = torch.rand(args.batch, INPUT_SIZE, generator=generator, dtype=dtype)
    labels = torch.randint(0, CLASSES, (args.batch,), generator=generator)
    one_hot = F.one_hot(labels, CLASSES).to(dtype)

    for _ in range(WARM_UP_STEPS):
        sgd_step(model, optimizer, args.loss, x, labels, one_hot)
    print(f"ready torch={torch.__version__} threads={torch.get_num_threads()} blas={blas_description()}", flush=True)

    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        if not re.fullmatch(r"[0-9]+", command) or int(command) < 1:
            raise BenchError(f"expected a positive number of steps or 'quit' on stdin, got {command!r}")
        start = time.perf_counter()
        for _ in range(int(command)):
            sgd_step(model, optimizer, args.loss, x, labels, one_hot)
        print(repr(time.perf_counter() - start), flush=True)
    return 0


def read_idx(path, magic):
    """The payload of a gzipped IDX file as a numpy array shaped by its header; checks the magic number."""
    if not os.path.isfile(path):
        raise BenchError(f"missing {path}; pass --data with the four Fashion-MNIST IDX files "
                         "or install them with: sudo apt-get install dataset-fashion-mnist")
    with gzip.open(path, "rb") as file:
        raw = file.read()
    found = int.from_bytes(raw[0:4], "big")
    if found != magic:
        kind = "images" if magic == IMAGES_MAGIC else "labels"
        raise BenchError(f"{path} starts with magic number {found}, expected {magic} (an IDX {kind} file); "
                         "is --data the Fashion-MNIST directory?")
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(3 if magic == IMAGES_MAGIC else 1)]
    offset = 4 + 4 * len(dims)
    if len(raw) - offset != int(np.prod(dims)):
        raise BenchError(f"{path} holds {len(raw) - offset} bytes of data, its header says {dims}: truncated?")
    return np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(dims)


def load_split(directory, split, dtypes):
    """Pixels in [0, 1] per dtype ({dtype: [n, 784] tensor}), labels (int64) and one-hot labels per dtype."""
    images_file, labels_file = IDX_FILES[split]
    images = read_idx(os.path.join(directory, images_file), IMAGES_MAGIC)
    labels = read_idx(os.path.join(directory, labels_file), LABELS_MAGIC)
    if len(images) != len(labels):
        raise BenchError(f"{split} set of {directory}: {len(images)} images but {len(labels)} labels")

    pixels = images.reshape(len(images), -1).astype(np.float64) / 255.0
    label_tensor = torch.from_numpy(labels.astype(np.int64))
    one_hot = F.one_hot(label_tensor, CLASSES)
    return ({dtype: torch.from_numpy(pixels).to(dtype).contiguous() for dtype in dtypes}, label_tensor,
            {dtype: one_hot.to(dtype) for dtype in dtypes})


def read_rows(path, limit, shard=0, shards=1):
    """The trials of a results.csv as dicts of typed values (the first `limit` rows if given), depth < 1 skipped;
    of those, every `shards`-th row from row `shard` on (0-based), so that `shards` processes share the table."""
    try:
        with open(path, newline="", encoding="utf-8") as file:
            reader = csv.DictReader(file)
            missing = [column for column in RESULTS_COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise BenchError(f"{path} lacks the columns {missing}; expected a results.csv of the sweep")
            records = list(reader)
    except OSError as error:
        raise BenchError(f"cannot read --results {path}: {error}") from error

    if limit is not None:
        records = records[:limit]
    rows = []
    for number, record in enumerate(records, start=2):
        try:
            row = parse_row(record)
        except (ValueError, KeyError) as error:
            raise BenchError(f"{path} line {number}: {error}") from error
        if row["depth"] >= 1:
            rows.append(row)
    return rows[shard::shards]


def parse_row(record):
    """One results.csv record as typed values; ValueError naming the bad field otherwise."""
    loss = record["loss"].strip().lower()
    precision = record["precision"].strip().lower()
    status = record["status"].strip().upper()
    if loss not in ("mse", "xent"):
        raise ValueError(f"loss {record['loss']!r}, expected MSE or XENT")
    if precision not in ("float", "double"):
        raise ValueError(f"precision {record['precision']!r}, expected float or double")
    if status not in ("OK", "DIVERGED"):
        raise ValueError(f"status {record['status']!r}, expected OK or DIVERGED")
    row = {"depth": int(record["depth"]), "width": int(record["width"]), "gamma0": float(record["gamma0"]),
           "eta0": float(record["eta0"]), "seed": int(record["seed"]), "batch": int(record["batch"]),
           "loss": loss, "dtype": dtype_of(precision), "ok": status == "OK", "steps_run": int(record["steps_run"])}
    if row["depth"] >= 1 and (row["width"] < 1 or row["batch"] < 1 or row["steps_run"] < 0):
        raise ValueError(f"width {row['width']}, batch {row['batch']} and steps_run {row['steps_run']} "
                         "must be positive (steps_run >= 0)")
    return row


def batches(seed, batch, count):
    """Index tensors of `count` consecutive batches: a fresh numpy permutation (seeded) per pass over the data."""
    rng = np.random.default_rng(seed % 2 ** 64)
    order = torch.from_numpy(rng.permutation(count))
    position = 0
    while True:
        if position + batch > count:
            order = torch.from_numpy(rng.permutation(count))
            position = 0
        yield order[position:position + batch]
        position += batch


def replay_row(row, train, test):
    """Trains one row's model for its steps_run steps; for an OK row returns (test loss, test accuracy), else None."""
    train_x, train_labels, train_one_hot = train
    dtype = row["dtype"]
    model, optimizer = build(row["depth"], row["width"], row["gamma0"], row["eta0"], dtype, row["seed"])

    indices = batches(row["seed"], row["batch"], len(train_labels))
    for _ in range(row["steps_run"]):
        index = next(indices)
        sgd_step(model, optimizer, row["loss"], train_x[dtype][index], train_labels[index],
                 train_one_hot[dtype][index])

    if row["ok"]:
        test_x, test_labels, test_one_hot = test
        with torch.no_grad():
            f = model(test_x[dtype])
            return (loss_of(row["loss"], f, test_labels, test_one_hot[dtype]).item(),
                    (f.argmax(dim=1) == test_labels).double().mean().item())
    return None


def replay(args):
    """Retrains every row of a results.csv and prints the totals as one JSON line."""
    if args.shard >= args.shards:
        raise BenchError(f"--shard {args.shard} must be below --shards {args.shards}")
    rows = read_rows(args.results, args.limit, args.shard, args.shards)
    dtypes = sorted({row["dtype"] for row in rows}, key=str)
    train = load_split(args.data, "train", dtypes)
    test = load_split(args.data, "test", dtypes)

    start = time.perf_counter()
    for row in rows:
        replay_row(row, train, test)
    seconds = time.perf_counter() - start

    print(json.dumps({"trials": len(rows), "steps": sum(row["steps_run"] for row in rows), "seconds": seconds,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    return 0


def positive_int(text):
    """argparse type: an integer of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive integer")
    return value


def non_negative_int(text):
    """argparse type: an integer of at least 0."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is not a non-negative integer")
    return value


def positive_float(text):
    """argparse type: a positive finite number."""
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{value} is not a positive finite number")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description="PyTorch side of the dl4j-gamma comparison (see the docstring).")
    modes = parser.add_subparsers(dest="mode", required=True)

    serve = modes.add_parser("serve-steps", help="time SGD steps on one fixed batch, driven through stdin")
    serve.add_argument("--depth", type=positive_int, required=True, help="weight layers L")
    serve.add_argument("--width", type=positive_int, required=True, help="hidden width N")
    serve.add_argument("--batch", type=positive_int, required=True, help="batch size B")
    serve.add_argument("--loss", choices=("mse", "xent"), default="mse")
    serve.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    serve.add_argument("--threads", type=positive_int, default=1)
    serve.add_argument("--seed", type=int, default=0)
    serve.add_argument("--gamma0", type=positive_float, default=1.0)
    serve.add_argument("--eta0", type=positive_float, default=0.1)

    rerun = modes.add_parser("replay", help="retrain the trials of a results.csv on Fashion-MNIST")
    rerun.add_argument("--results", required=True, help="results.csv of a sweep")
    rerun.add_argument("--data", required=True, help="directory of the four gzipped Fashion-MNIST IDX files")
    rerun.add_argument("--threads", type=positive_int, default=1)
    rerun.add_argument("--limit", type=positive_int, default=None, help="only the first LIMIT rows of the file")
    rerun.add_argument("--shards", type=positive_int, default=1, help="processes sharing the table")
    rerun.add_argument("--shard", type=non_negative_int, default=0,
                       help="this process's share: rows SHARD, SHARD + SHARDS, ... (0-based)")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    try:
        return serve_steps(args) if args.mode == "serve-steps" else replay(args)
    except BenchError as error:
        print(f"torch_bench: error: {error}", file=sys.stderr, flush=True)
        return 2
    except Exception as error:  # noqa: BLE001  (any failure must reach the Java side as exit code 2)
        print(f"torch_bench: error: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
