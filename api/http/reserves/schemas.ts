/** Response schemas of the reserves, dispatches, forecasts and audits answers (OpenAPI components). */
import { z } from 'zod';
import { dispatchSteps } from '../../domain/reserves.ts';
import { ComplaintCounts, ComplaintRow } from '../../contract/complaint.ts';

const MoneySchema = z.object({ currency: z.string(), amount: z.int() });
const nullableInt = z.int().nullable();

export const ReserveSchema = z
  .object({
    holder: z.string(),
    holderName: z.string().nullable(),
    region: z.string(),
    item: z.string(),
    plan: z.object({
      id: z.string(),
      target: z.int(),
      min: z.int(),
      basis: z.string(),
      validFrom: z.string(),
      authority: z.string(),
      approvalThreshold: z.int(),
      rotationDays: z.int(),
      price: MoneySchema.nullable().describe('agreed price per unit'),
    }),
    stock: z.int(),
    belowMin: z.boolean(),
    belowTarget: z.boolean(),
    shortOfTarget: z.int(),
    dailyUseCurrent: z.number(),
    dailyUsePeak: z.number(),
    peakMonth: z.string().nullable(),
    coverDaysCurrent: z.number().nullable().describe('null: no recorded use'),
    coverDaysPeak: z.number().nullable(),
    suggestedTarget: z.int().describe('30 days of the peak daily use'),
    dispatched: z.int().describe('units dispatched into the plan’s region and signed for'),
    rotationDue: z.array(
      z.object({
        lot: z.string(),
        quantity: z.int(),
        expiresOn: z.string(),
        daysLeft: z.int(),
        suggestedDestination: z
          .object({ facility: z.string(), name: z.string().nullable(), used: z.int() })
          .nullable(),
      }),
    ),
    expiredInReserve: z.array(
      z.object({
        lot: z.string(),
        quantity: z.int(),
        expiresOn: z.string().nullable(),
        writtenOff: z.boolean(),
      }),
    ),
    rotationFailed: z.boolean().describe('stock expired in the reserve: a public signal'),
  })
  .meta({ id: 'Reserve' });

export const StockReportSchema = z
  .object({ date: z.string(), item: z.string(), in: z.int(), out: z.int(), onHand: z.int() })
  .meta({ id: 'StockReportRow' });

export const WaitingSchema = z
  .object({ step: z.enum(dispatchSteps), requests: z.int(), longestWaitHours: z.number().nullable() })
  .meta({ id: 'DispatchWaiting' });

export const DispatchSchema = z
  .object({
    id: z.string().describe('the dispatch_request event'),
    reserve: z.string(),
    reserveName: z.string().nullable(),
    facility: z.string(),
    facilityName: z.string().nullable(),
    region: z.string(),
    item: z.string(),
    quantity: z.int(),
    urgency: z.string(),
    reason: z.string(),
    appeal: z.string().nullable(),
    status: z.enum(dispatchSteps),
    requestedAt: z.string(),
    reviews: z.array(
      z.object({
        event: z.string(),
        reviewer: z.string(),
        decision: z.string(),
        quantity: nullableInt,
        reason: z.string(),
        at: z.string(),
      }),
    ),
    approvedQuantity: nullableInt,
    decidedAt: z.string().nullable(),
    refusalReason: z.string().nullable(),
    dispatch: z.string().nullable(),
    dispatchedQuantity: nullableInt,
    dispatchedAt: z.string().nullable(),
    receipt: z.string().nullable(),
    receivedQuantity: nullableInt,
    receivedAt: z.string().nullable(),
    settlement: z.string().nullable(),
    settledAt: z.string().nullable(),
    settledAmount: nullableInt.describe('minor units'),
    settledCurrency: z.string().nullable(),
    waived: z.boolean(),
    hours: z.object({
      toDecision: z.number().nullable(),
      toDispatch: z.number().nullable(),
      toReceipt: z.number().nullable(),
      toSettlement: z.number().nullable(),
      total: z.number().nullable(),
    }),
  })
  .meta({ id: 'Dispatch' });

const MonthValue = z.object({ month: z.string(), demand: z.int() });

export const ForecastSchema = z
  .object({
    region: z.string(),
    item: z.string(),
    method: z.object({ name: z.enum(['seasonal', 'level']), steps: z.array(z.string()) }),
    history: z.array(z.object({ month: z.string(), used: z.int(), unmet: z.int(), demand: z.int() })),
    seasonalIndex: z.array(z.number()).nullable().describe('January to December'),
    trendPerMonth: z.number().nullable(),
    forecast: z.array(MonthValue),
    backtest: z
      .object({
        method: z.enum(['seasonal', 'level']),
        trainMonths: z.int(),
        testMonths: z.int(),
        mape: z.number().nullable().describe('0.12 = 12%'),
        mae: z.number(),
        points: z.array(z.object({ month: z.string(), actual: z.int(), forecast: z.int() })),
      })
      .nullable(),
    peak: z.object({ month: z.string().nullable(), dailyDemand: z.number(), target: z.int() }),
    reserves: z.array(
      z.object({
        holder: z.string(),
        holderName: z.string().nullable(),
        planRegion: z.string(),
        target: z.int(),
        min: z.int(),
        stock: z.int(),
        drawShare: z.number(),
        projected: z.array(
          z.object({
            month: z.string(),
            expiring: z.int(),
            drawn: z.int(),
            stock: z.int(),
            belowMin: z.boolean(),
          }),
        ),
      }),
    ),
    alerts: z.array(
      z.object({ holder: z.string(), month: z.string(), projectedStock: z.int(), min: z.int() }),
    ),
  })
  .meta({ id: 'Forecast' });

export const AuditSchema = z
  .object({
    appeal: z.object({
      id: z.string(),
      titleZh: z.string(),
      titleEn: z.string(),
      region: z.string().nullable(),
      openedAt: z.string(),
      status: z.string(),
    }),
    asOf: z.string().nullable(),
    needs: z.array(
      z.object({
        item: z.string(),
        lines: z.int(),
        needed: z.int(),
        delivered: z.int(),
        unmet: z.int(),
        met: z.int(),
      }),
    ),
    dispatches: z.array(
      z.object({
        item: z.string(),
        requests: z.int(),
        refused: z.int(),
        requested: z.int(),
        approved: z.int(),
        dispatched: z.int(),
        received: z.int(),
        settled: z.int(),
      }),
    ),
    refusals: z.array(
      z.object({
        request: z.string(),
        facility: z.string(),
        item: z.string(),
        quantity: z.int(),
        reason: z.string(),
      }),
    ),
    goods: z.array(
      z.object({
        item: z.string(),
        given: z.int(),
        used: z.int(),
        lost: z.int(),
        writtenOffExpired: z.int(),
        writtenOffOther: z.int(),
        held: z.int(),
        idle: z.int(),
        expiredHeld: z.int(),
      }),
    ),
    responseTimes: z.object({
      needToFirstDeliveryHoursP50: z.number().nullable(),
      needToFirstDeliveryHoursP90: z.number().nullable(),
      requestToReceiptHoursP50: z.number().nullable(),
      requestToReceiptHoursP90: z.number().nullable(),
      needsAnswered: z.int(),
      dispatchesReceived: z.int(),
    }),
    complaints: z
      .array(ComplaintRow)
      .describe('complaints about the appeal’s events and needs (public part), judged as of `asOf`'),
    complaintCounts: ComplaintCounts.describe(
      'the same complaints counted: filed, open, overdue, answered in time or late, working days to answer',
    ),
  })
  .meta({ id: 'Audit' });
