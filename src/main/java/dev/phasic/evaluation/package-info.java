/**
 * Measurements that tell whether inference works (docs/DESIGN.md §4): classifier,
 * reconstruction identity, sample quality, the per-layer binary Berkes overlap, probes,
 * video prediction; {@link dev.phasic.evaluation.Outputs} tells image models from the video model.
 */
package dev.phasic.evaluation;
