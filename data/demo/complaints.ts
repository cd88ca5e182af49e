/**
 * Complaints told on purpose, so every state shows on the pages: one answered in time across
 * the 2026 Spring Festival (fifteen calendar days, six working days), one answered late across
 * the 2025 National Day holiday and disputed by its complainant, one about a need still
 * unanswered at the end of the year (overdue), one hidden by moderation for abuse and still
 * answered, one resolved in two working days, and one filed days before the end of the year,
 * still within its time.
 *
 * Answer times count from when the ledger records a complaint, so a day with a complaint or an
 * answer ends its write batch that evening: the ledger records them on the day they happen, as
 * the portal would.
 */
import type { ComplaintRecord } from '../../api/domain/complaints.ts';
import { moderatorRecorder, publicRecorder } from '../../api/domain/complaints.ts';
import { dayOf } from './calendar.ts';
import type { Ctx } from './kit.ts';

interface Story {
  filed: string;
  /** What it is about: an organization, a shipment not yet received, or an open need. */
  about: (ctx: Ctx) => string | undefined;
  category: 'misallocation' | 'not_received' | 'expired' | 'wrong_figures' | 'other';
  summary: string;
  text: string;
  /** Answered on this date, whether the organization calls it resolved, and the complainant's say. */
  answer?: { on: string; text: string; resolved: boolean; say?: { on: string; resolved: boolean } };
  hide?: { on: string; reason: string };
}

const province = (ctx: Ctx, slug: string) => ctx.world.provinces.find((p) => p.slug === slug)!;
/** A shipment still on its way (sorted, so the choice depends only on the seed). */
const pendingShipment = (ctx: Ctx) => {
  const ids = [...ctx.shadow.pending].sort();
  return ids.length ? ctx.rng.pick(ids) : undefined;
};
const openNeed = (ctx: Ctx) => ctx.shadow.openNeeds.pick(ctx.rng);

const stories: Story[] = [
  {
    filed: '2025-09-25',
    about: pendingShipment,
    category: 'not_received',
    summary: '调拨单显示已发出的物资，卫生院至今没有收到（示例）',
    text: '九月中旬接到通知说有一批物资调拨给我们，至今未到，打电话没人回复。（示例投诉）',
    answer: {
      on: '2025-10-16',
      text: '经核查，该批物资因节前运力紧张滞留在仓库，已于10月15日重新发运。（示例答复）',
      resolved: false,
      say: { on: '2025-10-22', resolved: false },
    },
  },
  {
    filed: '2025-11-10',
    about: (ctx) => province(ctx, 'hunan').charity,
    category: 'other',
    summary: '这是一条含有辱骂内容的摘要（示例）',
    text: '示例投诉：反映该机构工作人员态度问题的详细经过。',
    hide: { on: '2025-11-11', reason: '摘要含有辱骂和人身攻击 / abusive language' },
    answer: { on: '2025-11-14', text: '已收到，我们已联系投诉人了解情况。（示例答复）', resolved: false },
  },
  {
    filed: '2025-12-15',
    about: (ctx) => province(ctx, 'gansu').redCross,
    category: 'expired',
    summary: '收到的一批口罩已超过有效期（示例）',
    text: '十二月初收到的医用口罩，外箱标注的有效期已过。（示例投诉）',
    answer: {
      on: '2025-12-17',
      text: '确系仓库发错批次，已追回并补发合格产品，过期批次已登记报废。（示例答复）',
      resolved: true,
      say: { on: '2025-12-24', resolved: true },
    },
  },
  {
    filed: '2026-02-12',
    about: (ctx) => province(ctx, 'henan').charity,
    category: 'misallocation',
    summary: '定向捐给县医院的款项被拨到了市里（示例）',
    text: '我们单位的捐款指定用于县医院，但公示的拨付去向是市医院。（示例投诉）',
    // Fifteen calendar days across the Spring Festival, six working days: in time.
    answer: {
      on: '2026-02-27',
      text: '该笔款项按捐赠协议拨付县医院，公示表填写有误，已更正。（示例答复）',
      resolved: true,
      say: { on: '2026-03-03', resolved: true },
    },
  },
  {
    filed: '2026-03-05',
    about: openNeed,
    category: 'wrong_figures',
    summary: '需求数量与实际不符，登记的数量多了十倍（示例）',
    text: '该卫生室实际只需要十几盒，登记的数字明显有误。（示例投诉）',
  },
  {
    filed: '2026-03-27',
    about: (ctx) => province(ctx, 'hubei').redCross,
    category: 'not_received',
    summary: '承诺的捐赠物资尚未送达（示例）',
    text: '三月中旬公示的物资至今未到。（示例投诉）',
  },
];

/** Schedules each story's filing, moderation, answer and the complainant's say on their days. */
export function scheduleComplaints(ctx: Ctx): void {
  const { g, world } = ctx;
  const day = (date: string) => dayOf(world.timeline, date);
  stories.forEach((s, i) => {
    g.schedule(day(s.filed), () => {
      const about = s.about(ctx);
      if (!about || g.room < 1) return;
      const filed = g.emit(publicRecorder, {
        type: 'complaint',
        about,
        category: s.category,
        summary: s.summary,
        text: s.text,
        contact: `示例联系人 ${i + 1}：138-0000-000${i + 1}`,
      });
      g.endBatchToday();
      const complaint: ComplaintRecord = filed.complaints![0]!;
      if (s.hide)
        g.schedule(day(s.hide.on), () => {
          if (g.room < 1) return;
          g.emit(moderatorRecorder, {
            type: 'complaint_hide',
            complaint: complaint.id,
            reason: s.hide!.reason,
          });
          g.endBatchToday();
        });
      const answer = s.answer;
      if (!answer) return;
      g.schedule(day(answer.on), () => {
        if (g.room < 1) return;
        g.emit(complaint.organization, {
          type: 'complaint_answer',
          complaint: complaint.id,
          answer: answer.text,
          resolved: answer.resolved,
        });
        g.endBatchToday();
        const say = answer.say;
        if (say)
          g.schedule(day(say.on), () => {
            if (g.room < 1) return;
            g.emit(publicRecorder, {
              type: 'complaint_feedback',
              complaint: complaint.id,
              resolved: say.resolved,
            });
            g.endBatchToday();
          });
      });
    });
  });
}
