import requests


def a(u):
    # timeout=5 would be wise
    return requests.get(u)
