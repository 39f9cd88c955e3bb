import { type RowOf, rowReader } from '../../src/data/repositories/row-reader';

interface Parcel {
  orderId: string;
  weightGrams: number;
  sentAt: Date | null;
}

const toParcel = rowReader<Parcel>({ orderId: true, weightGrams: true, sentAt: true });

describe('rowReader', () => {
  it('reads each field from its snake_case column, in the order the fields are listed', () => {
    const sentAt = new Date(0);
    const parcel = toParcel({ order_id: 'o-1', weight_grams: 1200, sent_at: sentAt });
    expect(parcel).toEqual({ orderId: 'o-1', weightGrams: 1200, sentAt });
    expect(Object.keys(parcel)).toEqual(['orderId', 'weightGrams', 'sentAt']);
  });

  it('leaves out columns the model does not have (SELECT * returns them all)', () => {
    const row: RowOf<Parcel> & { start_claimed_at: Date } = {
      order_id: 'o-2',
      weight_grams: 1,
      sent_at: null,
      start_claimed_at: new Date(0),
    };
    expect(toParcel(row)).toEqual({ orderId: 'o-2', weightGrams: 1, sentAt: null });
  });

  it('does not compile with a field missing or unknown', () => {
    // @ts-expect-error sentAt is missing
    rowReader<Parcel>({ orderId: true, weightGrams: true });
    // @ts-expect-error colour is not a field of Parcel
    rowReader<Parcel>({ orderId: true, weightGrams: true, sentAt: true, colour: true });
  });
});
