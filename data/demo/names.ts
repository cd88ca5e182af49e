/**
 * Name parts for invented organizations. Every generated name ends in the `synthetic` mark,
 * so no screenshot of the demo can be mistaken for a real charity, hospital or company, even
 * where a made-up name happens to match a real one.
 */
import type { Random } from './random.ts';

/** Appended to every demo organization's name. */
export const syntheticMark = '（示例）';

export const demoName = (name: string) => `${name}${syntheticMark}`;

/** The English mark, for English names. */
export const syntheticMarkEn = ' (example)';

export const demoNameEn = (name: string) => `${name}${syntheticMarkEn}`;

const townships = [
  '城关',
  '新集',
  '张庄',
  '李店',
  '王集',
  '柳林',
  '河口',
  '石桥',
  '马头',
  '白沙',
  '黄土岗',
  '高庙',
  '杨湾',
  '双河',
  '青山',
  '龙泉',
  '桃园',
  '三里',
  '古城',
  '东关',
  '西岭',
  '南湖',
  '北坪',
  '金山',
  '凤凰',
  '太平',
  '长岭',
  '花园',
  '清水',
  '平安',
];
const villages = [
  '李庄',
  '王营',
  '赵湾',
  '刘岗',
  '陈楼',
  '杨树',
  '大柳',
  '小河',
  '后寨',
  '前进',
  '新华',
  '红星',
  '枣林',
  '石门',
  '沙坡',
  '东山',
  '西沟',
  '南岔',
  '北坡',
  '中和',
  '上坪',
  '下寨',
  '团结',
  '胜利',
  '光明',
  '和平',
  '梨园',
  '竹林',
  '松岭',
  '槐树',
];
const firmPrefixes = [
  '华康',
  '瑞丰',
  '恒泰',
  '康宁',
  '安和',
  '天衡',
  '博远',
  '济民',
  '同心',
  '长青',
  '德润',
  '泰和',
  '嘉禾',
  '润生',
  '海川',
  '明远',
  '新禾',
  '中益',
  '百川',
  '启航',
  '仁和',
  '鼎盛',
  '永安',
  '星河',
  '宏图',
  '德善',
  '汇智',
  '东方仁',
  '九如',
  '立德',
];
const industries = {
  pharma: ['制药', '生物科技', '医疗器械', '药业'],
  other: ['科技', '实业', '食品', '电子', '建设', '物流', '保险', '能源', '投资', '电器'],
  supplier: ['医药供应链', '医药物流', '医疗器械贸易', '药业配送'],
};
const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
];
const givenNames = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
];

export const townshipName = (i: number) => townships[i % townships.length]! + (i % 3 === 2 ? '乡' : '镇');
export const villageName = (i: number) => `${villages[i % villages.length]!}村`;

export function companyName(rng: Random, used: Set<string>, kind: keyof typeof industries): string {
  for (;;) {
    const name = `${rng.pick(firmPrefixes)}${rng.pick(industries[kind])}${kind !== 'supplier' && rng.chance(0.3) ? '股份' : ''}有限公司`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

export function personName(rng: Random, used: Set<string>): string {
  for (;;) {
    const name =
      rng.pick(surnames) + rng.pick(givenNames) + (rng.chance(0.4) ? rng.pick(givenNames).slice(0, 1) : '');
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}
