import torch.nn as nn

from utils import clones


class MultiHeadedAttention(nn.Module):
    def __init__(self, d_model, project_k_v=1):
        super().__init__()
        self.project_k_v = project_k_v
        self.linears = clones(nn.Linear(d_model, d_model), 1 + 2 * project_k_v)

    def forward(self, query, key, value):
        if self.project_k_v == 0:
            return self.linears[0](query)
        query_, key_, value_ = [l(x) for l, x in zip(self.linears, (query, key, value))]
        return query_ + key_ + value_
