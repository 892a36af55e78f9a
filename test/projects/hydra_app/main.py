import hydra
import torch
from omegaconf import DictConfig

from models import RNNEncoder


@hydra.main(config_path="conf", config_name="config", version_base=None)
def main(cfg: DictConfig):
    model = RNNEncoder(cfg.model.input_dim, cfg.model.hidden, cfg.model.layers, cfg.model.bidirectional)
    x = torch.randn(cfg.batch, cfg.seq_len, cfg.model.input_dim)
    #^ (4, 12, 10)
    y = model(x)
    #^ (4, 12, 52)
    return y


if __name__ == "__main__":
    main()
