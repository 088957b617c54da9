import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'down';
  redis: 'ok' | 'down' | 'not configured';
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@Injectable()
export class HealthService implements OnModuleDestroy {
  private redis: Redis | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const [database, redis] = await Promise.all([this.checkDatabase(), this.checkRedis()]);
    const ok = database === 'ok' && redis !== 'down';
    return { status: ok ? 'ok' : 'unavailable', database, redis };
  }

  private async checkDatabase(): Promise<'ok' | 'down'> {
    try {
      await withTimeout(this.db.query('SELECT 1'), 2000);
      return 'ok';
    } catch {
      return 'down';
    }
  }

  private async checkRedis(): Promise<ReadinessReport['redis']> {
    if (!this.config.redisUrl) return 'not configured';
    this.redis ??= new Redis(this.config.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
    try {
      if (this.redis.status === 'wait') await withTimeout(this.redis.connect(), 2000);
      await withTimeout(this.redis.ping(), 2000);
      return 'ok';
    } catch {
      return 'down';
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) this.redis.disconnect();
  }
}
