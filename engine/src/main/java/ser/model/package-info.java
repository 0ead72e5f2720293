/**
 * The network (CNN, BLSTM, attention, region proposals, RoI Align), its saved form, decision rules, calibration and ensembles.
 *
 * <p>Internal to ser: applications use {@link ser.api}.
 */
package ser.model;
