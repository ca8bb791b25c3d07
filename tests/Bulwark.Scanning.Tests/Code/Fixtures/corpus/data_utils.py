import hashlib
import shelve
import ssl
import urllib.request

import aiohttp
import dill
import pandas as pd


def load_frame(path):
    return pd.read_pickle(path)  # expect: unsafe-deserialization


def load_frame_safe(path):
    return pd.read_parquet(path)  # safe: unsafe-deserialization


def load_transform(path):
    with open(path, "rb") as f:
        return dill.load(f)  # expect: unsafe-deserialization


def cached_features(key):
    with shelve.open("features.db") as db:  # expect: unsafe-deserialization
        return db.get(key)


def fetch_labels(url):
    context = ssl._create_unverified_context()  # expect: tls-disabled
    with urllib.request.urlopen(url, context=context) as r:
        return r.read()


def fetch_labels_safe(url):
    context = ssl.create_default_context()  # safe: tls-disabled
    with urllib.request.urlopen(url, context=context) as r:
        return r.read()


def pinned_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # expect: tls-disabled
    ctx.verify_mode = ssl.CERT_NONE  # expect: tls-disabled
    return ctx


async def fetch_shards(urls):
    async with aiohttp.ClientSession() as session:
        for url in urls:
            async with session.get(url, ssl=False) as response:  # expect: tls-disabled
                yield await response.read()


def file_digest(path):
    h = hashlib.new("sha1")  # expect: weak-crypto
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def file_digest_safe(path):
    h = hashlib.new("sha256")  # safe: weak-crypto
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()
