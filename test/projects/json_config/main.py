import json

import torch
from net import Net

conf = json.load(open("settings.json"))
net = Net(conf["vocab"], conf["embedding_dim"], conf["hidden_dim"], conf["num_layers"])
last = net(torch.randint(0, conf["vocab"], (6, 11)))
#^ (6, 20)
