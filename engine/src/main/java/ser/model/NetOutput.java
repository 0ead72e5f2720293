package ser.model;

import org.bytedeco.pytorch.Tensor;

/**
 * One forward pass over a batch.
 *
 * @param regionLogits [B, R, K] class logits of every region (region 0 is the whole utterance)
 * @param detectionLogits [B, R, K] how much each region speaks for each class (multiple-instance
 *                   pooling weights), or null without regions
 * @param objectness [B, T'·A] proposal logits, or null without regions
 * @param deltas     [B, T'·A·2] proposal offsets, or null without regions
 * @param proposals  the regions in encoder steps, with the anchors they came from
 * @param validSteps encoder steps that hold each utterance
 * @param embedding  [B, H] the hidden features the classifier reads for the whole utterance (before dropout)
 */
public record NetOutput(Tensor regionLogits, Tensor detectionLogits, Tensor objectness, Tensor deltas,
                        Proposals proposals, int[] validSteps, Tensor embedding) {
}
