"""Train a ResNet on an image dataset downloaded from a mirror."""
import argparse
import hashlib
import os
import pickle
import tarfile

import requests
import torch
import torch.nn as nn
import yaml
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

MIRROR = "https://mirror.example.org/datasets/flowers.tgz"


def download(url, dest):
    response = requests.get(url, stream=True, verify=False)  # expect: tls-disabled
    with open(dest, "wb") as f:
        for chunk in response.iter_content(1 << 20):
            f.write(chunk)
    digest = hashlib.md5(open(dest, "rb").read()).hexdigest()  # expect: weak-crypto
    cache_key = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()  # safe: weak-crypto
    strong = hashlib.sha256(open(dest, "rb").read()).hexdigest()  # safe: weak-crypto
    return digest, cache_key, strong


def extract(archive, target):
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(target)  # expect: path-traversal


def extract_safely(archive, target):
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")  # safe: path-traversal


def load_config(path):
    with open(path) as f:
        unsafe = yaml.load(f, Loader=yaml.Loader)  # expect: unsafe-deserialization
    with open(path) as f:
        safe = yaml.safe_load(f)  # safe: unsafe-deserialization
    return unsafe or safe


def load_cache(path):
    if os.path.exists(path):
        with open(path, "rb") as f:
            return pickle.load(f)  # expect: unsafe-deserialization
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--resume", default=None)
    parser.add_argument("--config", default="config.yaml")
    args = parser.parse_args()
    cfg = load_config(args.config)
    download(MIRROR, "/tmp/flowers.tgz")
    extract("/tmp/flowers.tgz", "data/")
    model = models.resnet50(num_classes=cfg["classes"])
    if args.resume:
        state = torch.load(args.resume, map_location="cpu")  # expect: unsafe-deserialization
        model.load_state_dict(state["model"])
    pretrained = torch.load("weights/backbone.pt", weights_only=True)  # safe: unsafe-deserialization
    model.load_state_dict(pretrained, strict=False)
    tfm = transforms.Compose([transforms.Resize(224), transforms.ToTensor()])
    loader = DataLoader(datasets.ImageFolder("data/train", tfm), batch_size=64, shuffle=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(cfg.get("epochs", 10)):
        for images, labels in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
        torch.save({"model": model.state_dict(), "epoch": epoch}, f"ckpt_{epoch}.pt")


if __name__ == "__main__":
    main()
