VOCAB_SIZE = 300
PAD_IDX = 0


def directions(bidirectional):
    return 2 if bidirectional else 1
