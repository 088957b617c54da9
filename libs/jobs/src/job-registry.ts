import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { JOB_HANDLER_METADATA, JobHandler } from './job-handler';

const JOB_NAME = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

/** Every job handler of this process, by name: the providers marked @RegisterJobHandler(). */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private handlers: Map<string, JobHandler> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    this.all();
  }

  get(name: string): JobHandler | undefined {
    return this.all().get(name);
  }

  names(): string[] {
    return [...this.all().keys()].sort();
  }

  private all(): Map<string, JobHandler> {
    if (this.handlers) return this.handlers;
    const found = new Map<string, JobHandler>();
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype;
      if (!type || typeof type !== 'function' || !wrapper.isDependencyTreeStatic()) continue;
      if (!this.reflector.get<boolean>(JOB_HANDLER_METADATA, type)) continue;
      const handler = wrapper.instance as JobHandler | undefined;
      if (!handler) continue;
      if (!JOB_NAME.test(handler.name ?? '')) {
        throw new Error(`${type.name}: job name ${JSON.stringify(handler.name)} must look like 'context.action'`);
      }
      const other = found.get(handler.name);
      if (other && other !== handler) throw new Error(`two job handlers are named '${handler.name}'`);
      found.set(handler.name, handler);
    }
    this.handlers = found;
    return found;
  }
}
