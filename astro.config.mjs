import react from '@astrojs/react';
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './site',
  outDir: './dist',
  publicDir: './site/public',
  integrations: [react()],
  i18n: { locales: ['zh-CN', 'en'], defaultLocale: 'zh-CN', routing: { prefixDefaultLocale: false } },
});
