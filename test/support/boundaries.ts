/** The scores at each edge of the NPS categories (0–6, 7–8, 9–10), for every layer's tests. */
export const CATEGORY_BOUNDARIES: [number, string][] = [
  [0, 'detractor'],
  [6, 'detractor'],
  [7, 'passive'],
  [8, 'passive'],
  [9, 'promoter'],
  [10, 'promoter'],
];
