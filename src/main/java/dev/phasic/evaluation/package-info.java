/** Measurements that tell whether inference works (docs/DESIGN.md §4): classifier, reconstruction identity, sample quality, overlap, probes. */
package dev.phasic.evaluation;
