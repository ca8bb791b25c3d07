# Writes the legacy Keras (HDF5) fixtures under Fixtures/keras/. Needs Debian's python3-h5py:
#   cd tests/Bulwark.Ml.Tests/Fixtures && /usr/bin/python3 generate_keras.py
# The layouts follow what Keras 2 `model.save("m.h5")` writes: root attributes keras_version, backend,
# model_config (the model.to_json() text) and training_config, plus a model_weights group. The Lambda
# fixture's "bytecode" is a base64 placeholder, not Python code: the scanner only measures it.
import base64
import json

import h5py
import numpy as np

DENSE = {"class_name": "Dense", "config": {"name": "dense", "trainable": True, "units": 4,
         "activation": "relu", "use_bias": True,
         "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}}}}
INPUT = {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 8], "dtype": "float32", "name": "input_1"}}
TRAINING = {"loss": "mse", "metrics": ["mae"], "optimizer_config": {"class_name": "Adam", "config": {"learning_rate": 0.001}}}


def model(layers):
    return json.dumps({"class_name": "Sequential", "config": {"name": "sequential", "layers": layers},
                       "keras_version": "2.11.0", "backend": "tensorflow"})


def write(path, config, as_bytes=False, userblock=0):
    kwargs = {"userblock_size": userblock} if userblock else {}
    with h5py.File(path, "w", **kwargs) as f:
        f.attrs["keras_version"] = "2.11.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = np.bytes_(config.encode()) if as_bytes else config
        f.attrs["training_config"] = json.dumps(TRAINING)
        weights = f.create_group("model_weights").create_group("dense").create_group("dense")
        weights.create_dataset("kernel:0", data=np.zeros((8, 4), dtype=np.float32))
        weights.create_dataset("bias:0", data=np.zeros((4,), dtype=np.float32))


placeholder = base64.b64encode(b"\xe3" + bytes(63)).decode()
LAMBDA = {"class_name": "Lambda", "config": {"name": "sneaky", "trainable": True, "function_type": "lambda",
          "function": [placeholder, None, None], "module": "__main__", "output_shape_type": "raw"}}

write("keras/benign_dense.h5", model([INPUT, DENSE]))
write("keras/benign_userblock.h5", model([INPUT, DENSE]), userblock=512)
write("keras/lambda_layer.h5", model([INPUT, LAMBDA, DENSE]), as_bytes=True)
