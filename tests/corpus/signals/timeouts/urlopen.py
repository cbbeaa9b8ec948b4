from urllib.request import urlopen


def a(u):
    return urlopen(u).read()


def b(u):
    return urlopen(u, timeout=10).read()
