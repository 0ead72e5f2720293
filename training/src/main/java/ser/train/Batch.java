package ser.train;

import org.bytedeco.pytorch.Tensor;

/**
 * Inputs of one step, on the host until {@link #input()} is called (on the training thread, so the
 * tensor belongs to that thread's pointer scope).
 *
 * @param data        [B, 1, frames, nMels] log-Mel, row-major, zero past each clip's valid frames
 * @param validFrames frames of each clip that hold speech
 * @param labels      class index of each clip (under mixup, of the clip that weighs more)
 * @param mixed       under mixup, the clip each was mixed with and the weight of its own label; null without
 */
public record Batch(float[] data, int frames, int mels, int[] validFrames, long[] labels, Mixed mixed) {
    /**
     * @param partners      the position of the clip each was mixed with
     * @param partnerLabels that clip's label
     * @param ownWeight     λ ∈ [0.5, 1], the share of each clip's own
     */
    public record Mixed(int[] partners, long[] partnerLabels, float[] ownWeight) {
    }

    public Batch(float[] data, int frames, int mels, int[] validFrames, long[] labels) {
        this(data, frames, mels, validFrames, labels, null);
    }

    public int size() {
        return labels.length;
    }

    public Tensor input() {
        return Tensor.create(data, size(), 1, frames, mels);
    }
}
