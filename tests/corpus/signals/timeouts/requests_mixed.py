import requests


def a(u):
    return requests.get(u, timeout=5)


def b(u):
    return requests.post(u, json={})
