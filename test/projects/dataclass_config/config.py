from dataclasses import dataclass


@dataclass
class Config:
    n_features: int = 6
    hidden: int = 16
    bidirectional: bool = True
