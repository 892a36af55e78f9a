import copy

import torch.nn as nn


def clones(module, n):
    """n identical layers (the Annotated Transformer's helper)."""
    return nn.ModuleList([copy.deepcopy(module) for _ in range(n)])
