/** Long-form pages written as Markdown, one file per language, checked by zod when the site builds. */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const methodology = defineCollection({
  loader: glob({
    pattern: '*.md',
    base: './site/content/methodology',
    generateId: ({ entry }) => entry.replace(/\.md$/, ''),
  }),
  schema: z.object({
    title: z.string(),
    lede: z.string(),
    locale: z.enum(['zh-CN', 'en']),
  }),
});

export const collections = { methodology };
