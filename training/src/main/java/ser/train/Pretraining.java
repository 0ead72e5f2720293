package ser.train;

/** Unsupervised pre-training of the CNN blocks before supervised training. */
public enum Pretraining {
    NONE,
    /** Denoising autoencoder: reconstruct clean log-Mels from noisy, masked ones (SNR 0–20 dB). */
    DAE
}
