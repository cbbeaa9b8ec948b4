def summarize(data):
    status = data.get("status")
    return {"status": status}
