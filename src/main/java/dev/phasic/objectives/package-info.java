/** The paper's objectives: global wake/sleep (Eq. 4), local oscillation critics (Eq. 7), their combination (Eq. 8), the gradient penalty. */
package dev.phasic.objectives;
