/** An order as the app holds it, and the orders table's row read into one. */
import { type RowOf, rowReader } from './row-reader';

export const ORDER_STATUSES = ['in_progress', 'completed', 'rejected', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type FinalOrderStatus = Exclude<OrderStatus, 'in_progress'>;

export interface OrderItem {
  sku: string;
  quantity: number;
}

export interface Order {
  id: string;
  customerId: string;
  items: OrderItem[];
  amountMinor: number;
  currency: string;
  status: OrderStatus;
  statusReason: string | null;
  processInstanceKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewOrder {
  id: string;
  customerId: string;
  items: OrderItem[];
  amountMinor: number;
  currency: string;
  processInstanceKey?: string;
}

export type OrderRow = RowOf<Order>;

export const toOrder = rowReader<Order>({
  id: true,
  customerId: true,
  items: true,
  amountMinor: true,
  currency: true,
  status: true,
  statusReason: true,
  processInstanceKey: true,
  createdAt: true,
  updatedAt: true,
});
