import torch


def synthesize(n_frames):
    """Returns a spectrogram as a NumPy array (what a TTS model's generate() hands to a vocoder)."""
    linear = torch.randn(1, 80, n_frames)
    #^ (1, 80, 25)
    return linear.transpose(1, 2)[0].cpu().data.numpy()
