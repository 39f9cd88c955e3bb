/** The tenant name derived from the company: "ACME Corp." → "acme-corp". */
export function slugFor(companyName: string): string {
  return (
    companyName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'tenant'
  );
}
