/**
 * Architecture C, the stochastic ConvLSTM video predictor on Moving MNIST (docs/DESIGN.md §3C),
 * as a plug-in like any other: its recipe and options, model, frame critic and decoder head,
 * data, evaluation, figures and its own {@code predict} command. No file outside this package
 * names it; the core finds it through {@code META-INF/services}.
 */
package dev.phasic.video;
