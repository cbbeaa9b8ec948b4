import requests


def a(u, **kw):
    return requests.get(u, **kw)
