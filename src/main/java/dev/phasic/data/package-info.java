/** Datasets: the IDX reader, MNIST folders, the embedded digits, and seeded batching. */
package dev.phasic.data;
