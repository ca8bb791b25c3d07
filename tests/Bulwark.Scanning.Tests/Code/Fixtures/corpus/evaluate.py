"""Evaluation script: nothing here is vulnerable; it exercises look-alikes."""
import ast
import json
import subprocess
import sys

import numpy as np
import torch
import yaml


def parse_metric(text):
    return ast.literal_eval(text)  # safe: code-injection


def load_results(path):
    with open(path) as f:
        return json.load(f)


def run_eval(checkpoint):
    state = torch.load(checkpoint, weights_only=True, map_location="cpu")  # safe: unsafe-deserialization
    scores = np.load("scores.npz", allow_pickle=False)  # safe: unsafe-deserialization
    with open("eval.yaml") as f:
        cfg = yaml.load(f, Loader=yaml.SafeLoader)  # safe: unsafe-deserialization
    return state, scores, cfg


def git_sha():
    return subprocess.check_output(["git", "rev-parse", "HEAD"]).decode().strip()  # safe: code-injection


if __name__ == "__main__":
    print(run_eval(sys.argv[1]))
    print(eval("1 + 1"))  # safe: code-injection
