/** Does loyalty pay: churn and revenue by category for a cohort of answers, with their uncertainty. */
import { format } from 'd3-format';
import { utcMonth } from 'd3-time';
import { CATEGORIES, type Category } from '@/nps/category';
import { compareProportions, wilsonInterval } from '@/nps/proportion';
import { addDays, dateOf, dayOf, type DayRange } from './days';

export interface ChurnFigures {
  category: Category;
  contacts: number;
  churned: number;
  /** Share of the category's contacts that churned within the window; null without contacts. */
  churnRate: number | null;
  /** Its 95% Wilson interval. */
  interval: [number, number] | null;
}

export interface ChurnGap {
  /** Null unless both categories have contacts. */
  difference: number | null;
  /** Null when there is nothing to test (no contacts, or no churn or all churned in both). */
  z: number | null;
  significant: boolean;
}

export interface RevenueFigures {
  currency: string | null;
  categories: { category: Category; contacts: number; reporting: number; total: number; perContact: number | null }[];
  /** Promoters' revenue per contact minus detractors'; null when either has no contacts. */
  gap: number | null;
}

export interface LoyaltyReport {
  survey: string | null;
  months: number;
  /** The days whose latest answers form the cohort, both included. */
  from: string;
  to: string;
  contacts: number;
  churn: ChurnFigures[];
  /** Detractors' churn rate minus promoters', and whether the two differ at 95%. */
  churnGap: ChurnGap;
  /** One block per currency reported; empty when no revenue amounts were given. */
  revenue: RevenueFigures[];
}

/**
 * The default cohort: answers from the twelve months that ended `months` months ago, so every
 * contact in it has been followed for the whole window. A period given by the caller is kept.
 */
export function cohortDays(months: number, today: string, from?: string, to?: string): DayRange {
  const end = to ?? addDays(dayOf(utcMonth.offset(dateOf(today), -months)), -1);
  return { from: from ?? dayOf(utcMonth.offset(dateOf(addDays(end, 1)), -12)), to: end };
}

interface Rows {
  churn: { category: Category; contacts: number; churned: number }[];
  revenue: { category: Category; currency: string | null; total: number; reporting: number }[];
}

export function loyaltyReport(rows: Rows, cohort: { survey: string | null; months: number } & DayRange): LoyaltyReport {
  const counted = new Map(rows.churn.map((row) => [row.category, row]));
  const churn = CATEGORIES.map((category): ChurnFigures => {
    const { contacts = 0, churned = 0 } = counted.get(category) ?? {};
    return { category, contacts, churned, churnRate: contacts === 0 ? null : churned / contacts, interval: wilsonInterval(churned, contacts) };
  });
  const of = (category: Category) => churn.find((c) => c.category === category)!;
  const [promoters, detractors] = [of('promoter'), of('detractor')];
  const change = compareProportions({ x: promoters.churned, n: promoters.contacts }, { x: detractors.churned, n: detractors.contacts });
  const churnGap: ChurnGap = change
    ? { difference: change.difference, z: change.z, significant: change.significant }
    : { difference: promoters.churnRate === null || detractors.churnRate === null ? null : detractors.churnRate - promoters.churnRate, z: null, significant: false };
  const currencies = [...new Set(rows.revenue.map((row) => row.currency))].sort((a, b) => String(a).localeCompare(String(b)));
  const revenue = currencies.map((currency): RevenueFigures => {
    const categories = CATEGORIES.map((category) => {
      const row = rows.revenue.find((r) => r.currency === currency && r.category === category);
      const contacts = of(category).contacts;
      const total = row?.total ?? 0;
      // Per contact of the category: a contact that churned or bought nothing brings nothing.
      return { category, contacts, reporting: row?.reporting ?? 0, total, perContact: contacts === 0 ? null : total / contacts };
    });
    const per = (category: Category) => categories.find((c) => c.category === category)!.perContact;
    const gap = per('promoter') === null || per('detractor') === null ? null : per('promoter')! - per('detractor')!;
    return { currency, categories, gap };
  });
  return { ...cohort, contacts: churn.reduce((sum, c) => sum + c.contacts, 0), churn, churnGap, revenue };
}

export const CATEGORY_LABELS: Record<Category, string> = { detractor: 'Detractors', passive: 'Passives', promoter: 'Promoters' };

export const formatMoney = format(',.2f');

/** The one sentence under the churn table: the gap between detractors and promoters, and whether it is real. */
export function loyaltyVerdict(report: LoyaltyReport): string {
  const gap = report.churnGap;
  if (gap.difference === null) return 'There are not yet both promoters and detractors in this cohort, so there is no gap to compare.';
  const points = `${Math.abs(Math.round(gap.difference * 100))} percentage points`;
  if (!gap.significant) return `Detractors churned ${gap.difference >= 0 ? 'more' : 'less'} than promoters by ${points}, but with these numbers the difference is not significant at 95%.`;
  return gap.difference > 0
    ? `Detractors churned more than promoters by ${points}, a significant difference at 95%: moving a detractor is worth a call.`
    : `Promoters churned more than detractors by ${points}, a significant difference at 95%: look at why your promoters leave.`;
}
