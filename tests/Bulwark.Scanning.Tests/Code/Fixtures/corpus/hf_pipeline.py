import runpy

import joblib
import numpy as np
from huggingface_hub import hf_hub_download
from keras.models import load_model as keras_load
from torch import load as L
from transformers import AutoModelForCausalLM as M, AutoTokenizer

REPO = "acme/chat-model"

tokenizer = AutoTokenizer.from_pretrained(REPO)  # safe: remote-code
model_kwargs = {"trust_remote_code": True, "device_map": "auto"}
model = M.from_pretrained(REPO, **model_kwargs)  # expect: remote-code
reviewed = M.from_pretrained("gpt2", trust_remote_code=False)  # safe: remote-code

adapter = L("adapter.bin")  # expect: unsafe-deserialization
embeddings = np.load("embeddings.npy", allow_pickle=True)  # expect: unsafe-deserialization
labels = np.load("labels.npy")  # safe: unsafe-deserialization
clf = joblib.load("classifier.joblib")  # expect: unsafe-deserialization
legacy = keras_load("legacy.keras", safe_mode=False)  # expect: unsafe-deserialization
modern = keras_load("model.keras")  # safe: unsafe-deserialization

setup_script = hf_hub_download(REPO, "setup_model.py")
runpy.run_path(setup_script)  # expect: remote-code

prompt = "Write a haiku about tensors"
inputs = tokenizer(prompt, return_tensors="pt")
output = model.generate(**inputs, max_new_tokens=40)
print(tokenizer.decode(output[0]))
