/** Modules in the style of torch.nn: named parameters, children, train/eval mode, state dicts, stochastic layers, and the analytic FLOP count. */
package dev.phasic.nn;
