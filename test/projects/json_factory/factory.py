from nets import SeqModel


def build_model(cfg):
    m = cfg["model"]
    return SeqModel(m["vocab"], m["emb"], m["hidden"], m["layers"])
