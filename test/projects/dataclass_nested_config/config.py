from dataclasses import dataclass, field


@dataclass
class ModelConfig:
    n_features: int = 11
    d_hidden: int = 36
    n_layers: int = 2
    dropout: float = 0.1


@dataclass
class TrainConfig:
    batch_size: int = 8
    window: int = 24
    model: ModelConfig = field(default_factory=ModelConfig)
