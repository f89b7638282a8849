/**
 * Architecture A, the recurrent stochastic MLP on MNIST (docs/DESIGN.md §3A), as a plug-in
 * like any other: its recipe, its options and its model. The core names it once, as the
 * recipe a run given no {@code --recipe} trains ({@code Recipe.DEFAULT}); it finds it through
 * {@code META-INF/services}.
 */
package dev.phasic.recurrent;
