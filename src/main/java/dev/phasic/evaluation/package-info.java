/** Measurements that tell whether inference works (DESIGN §4): classifier, reconstruction identity, sample quality, overlap, probes. */
package dev.phasic.evaluation;
