/** Retrying a delivery that was not made: the admin API's body and the results page's form, validated by these schemas. */
import { z } from 'zod';
import { ALERT_TARGETS } from '@/alerts/payload';
import { REF_PATTERN, TOKEN_PATTERN } from '@/schemas/response';

/** What is delivered: an alert (alert_deliveries) or a weekly digest (digest_deliveries). */
export const DELIVERY_KINDS = ['alert', 'digest'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** POST /api/alerts/<id>/retry, /api/digests/<id>/retry: one target, or (none given) every one not delivered. */
export const retryBodySchema = z.strictObject({ target: z.enum(ALERT_TARGETS).optional() });

/** A delivery id: a random token (a digest; an alert raised before migration 0031), or an alert's response's ref (16 hex digits). */
export const DELIVERY_ID_PATTERN = new RegExp(`${TOKEN_PATTERN.source}|${REF_PATTERN.source}`);

/** The retry button of /results/alerts: one delivery. */
export const retryFormSchema = z.strictObject({
  kind: z.enum(DELIVERY_KINDS),
  id: z.string().regex(DELIVERY_ID_PATTERN, 'is not a delivery id'),
  target: z.enum(ALERT_TARGETS),
});
