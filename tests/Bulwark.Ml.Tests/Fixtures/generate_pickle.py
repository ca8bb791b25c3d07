# Generates the benign pickle, NumPy and joblib fixtures used by tests/Bulwark.Ml.Tests/ModelFiles/{Pickle,NumPy,Joblib}.
# Run once from the repository root with Debian's interpreter (it has torch, numpy, sklearn, joblib):
#   /usr/bin/python3 tests/Bulwark.Ml.Tests/Fixtures/generate_pickle.py
# Only benign objects are written here; malicious samples are built opcode by opcode in the C# tests.
import collections
import os

import joblib
import numpy
import torch
from sklearn.linear_model import LogisticRegression

root = os.path.join(os.path.dirname(os.path.abspath(__file__)))


def path(area, name):
    return os.path.join(root, area, name)


torch.manual_seed(0)
state = collections.OrderedDict(
    [("fc.weight", torch.randn(4, 3)), ("fc.bias", torch.zeros(4)), ("steps", torch.tensor(7))])
torch.save(state, path("pickle", "legacy_state_dict.pt"), _use_new_zipfile_serialization=False)

rng = numpy.random.RandomState(0)
features = rng.rand(40, 3)
labels = (features[:, 0] > 0.5).astype(int)
model = LogisticRegression(max_iter=200).fit(features, labels)
joblib.dump(model, path("joblib", "logistic.joblib"))
joblib.dump(model, path("joblib", "logistic_zlib3.joblib"), compress=3)
joblib.dump(model, path("joblib", "logistic.joblib.gz"), compress=("gzip", 3))
joblib.dump(model, path("joblib", "logistic.joblib.bz2"), compress=("bz2", 3))
joblib.dump(model, path("joblib", "logistic.joblib.xz"), compress=("xz", 3))
joblib.dump(model, path("joblib", "logistic.joblib.lzma"), compress=("lzma", 3))
joblib.dump({"names": numpy.array(["a", 1, "b"], dtype=object), "w": numpy.arange(5.0)}, path("joblib", "object_array.joblib"))

numpy.save(path("numpy", "floats.npy"), numpy.arange(12, dtype=numpy.float32).reshape(3, 4))
numpy.save(path("numpy", "objects.npy"), numpy.array([1, "two", 3], dtype=object), allow_pickle=True)
