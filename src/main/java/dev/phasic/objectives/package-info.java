/**
 * The paper's objectives, one file per equation: {@link dev.phasic.objectives.Eq4GlobalWakeSleep}
 * (Eq. 4, one critic on the whole state), {@link dev.phasic.objectives.Eq7Eq8LocalCritics}
 * (Eq. 7, local oscillation critics, and Eq. 8, their combination with sleep by γ);
 * {@link dev.phasic.objectives.ObjectiveKind} and {@link dev.phasic.objectives.Objectives}
 * (the one factory); the phases and the gradient penalty.
 */
package dev.phasic.objectives;
