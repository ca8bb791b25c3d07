# Writes the benign model files the CLI tests scan. Run with Debian's interpreter (the one on PATH may lack
# torch):  /usr/bin/python3 tests/Bulwark.Cli.Tests/Fixtures/models/generate.py
# Needs python3-torch, python3-sklearn, python3-joblib, python3-numpy (apt-get install). Seeded: reruns give
# the same tensors, though torch/joblib versions may change container bytes.
import os
import numpy
import joblib
import torch
from sklearn.linear_model import LogisticRegression

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
numpy.random.seed(0)
torch.save(torch.nn.Linear(4, 2).state_dict(), os.path.join(here, "linear.pt"))
x = numpy.random.rand(50, 4)
joblib.dump(LogisticRegression().fit(x, (x[:, 0] > 0.5).astype(int)), os.path.join(here, "classifier.joblib"))
numpy.save(os.path.join(here, "weights.npy"), numpy.arange(12, dtype=numpy.float32).reshape(3, 4))
